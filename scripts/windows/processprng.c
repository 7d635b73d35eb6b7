/* Stand-in for Windows 10's bcryptprimitives.dll under Wine 8, which lacks
 * ProcessPrng. Rust's standard library (1.78+) calls ProcessPrng for random
 * numbers (HashMap seeds, temp names); on Windows 10/11 the real DLL has it.
 * Built with mingw-w64 into the test Wine prefix only, never shipped. */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
