#ifndef CCUPS_SHIM_H
#define CCUPS_SHIM_H
#include <cups/cups.h>
#include <cups/ipp.h>
#include <cups/http.h>

/* A timeout callback for httpSetTimeout that gives up at the first timeout (returns 0 = abort). */
static inline int ccups_abort_on_timeout(http_t *http, void *user_data) { (void)http; (void)user_data; return 0; }
#endif
