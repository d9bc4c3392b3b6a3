//! `uniffi-bindgen`: generates the Kotlin, Swift and Python bindings of `eig-ffi`.

fn main() {
    uniffi::uniffi_bindgen_main();
}
