#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H
/* libpq, PostgreSQL's own client library (Debian's libpq-dev). */
#include <postgresql/libpq-fe.h>
#endif
