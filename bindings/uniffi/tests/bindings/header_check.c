/* Swift cannot run on our machines; this checks what Swift would consume: the generated C
 * header compiles, and a program built on it links against the static library and calls into
 * it. Built and run by bindings/uniffi/tests/run.sh. */
#define _Nonnull
#define _Nullable
#include "EigFFI.h"

#include <stdio.h>
#include <string.h>

static uint32_t be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int main(void) {
    uint32_t contract = ffi_eig_ffi_uniffi_contract_version();
    if (contract == 0) {
        fprintf(stderr, "contract version is 0\n");
        return 1;
    }
    RustCallStatus status = {0};
    RustBuffer buf = uniffi_eig_ffi_fn_func_rulebooks(&status);
    if (status.code != 0 || buf.len < 8) {
        fprintf(stderr, "rulebooks() failed: code %d\n", status.code);
        return 1;
    }
    /* A list of strings: a big-endian i32 count, then each string as i32 length + UTF-8. */
    uint32_t count = be32(buf.data);
    uint32_t len = be32(buf.data + 4);
    char first[16] = {0};
    memcpy(first, buf.data + 8, len < 15 ? len : 15);
    ffi_eig_ffi_rustbuffer_free(buf, &status);
    if (count != 8 || strcmp(first, "eig-1") != 0) {
        fprintf(stderr, "unexpected rulebooks: %u, %s\n", count, first);
        return 1;
    }
    printf("contract %u, %u rulebooks, the first %s\n", contract, count, first);
    printf("swift-header: 1 passed, 0 failed\n");
    return 0;
}
