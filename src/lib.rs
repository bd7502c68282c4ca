//! The Azure PrivateLink panel (Leptos, wasm32). Built out in the panel issue.
