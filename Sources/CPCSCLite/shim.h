#ifndef CPCSCLITE_SHIM_H
#define CPCSCLITE_SHIM_H
#include <PCSC/winscard.h>
#include <PCSC/pcsclite.h>
#include <PCSC/wintypes.h>
#include <PCSC/reader.h>

/* SCARD_PCI_T0 / SCARD_PCI_T1 are macros over globals; Swift cannot import them directly. */
static inline const SCARD_IO_REQUEST *cpcsc_pci_t0(void) { return SCARD_PCI_T0; }
static inline const SCARD_IO_REQUEST *cpcsc_pci_t1(void) { return SCARD_PCI_T1; }
#endif
