/*
 * Malloc call counter for the ProtocolBenchmark (glibc only), loaded with LD_PRELOAD by
 * scripts/bench.sh. Counts calls to malloc, calloc, realloc, memalign, posix_memalign and
 * aligned_alloc; the benchmark reads the count through dlsym(RTLD_DEFAULT, "fw_malloc_count").
 * The counter is a plain (non-atomic) integer: the benchmark is single-threaded, and a locked
 * increment would add to every timed allocation.
 */
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static unsigned long long calls;

unsigned long long fw_malloc_count(void) { return calls; }

void *malloc(size_t n) { calls++; return __libc_malloc(n); }
void *calloc(size_t k, size_t n) { calls++; return __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { calls++; return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t a, size_t n) { calls++; return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { calls++; return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
    calls++;
    void *p = __libc_memalign(a, n);
    if (p == NULL) return ENOMEM;
    *out = p;
    return 0;
}
