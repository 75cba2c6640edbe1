// glibc malloc statistics (mallinfo2), for the memory benchmarks only.
#include <malloc.h>
