//! "Terraform": the service's private link, as the panel shows it, as HCL for the Aiven
//! provider with `import` blocks (core's one generator, [`privatelink_core::terraform`]),
//! behind a disclosure with Copy in the private link's section of every cloud. The text is
//! made only while the disclosure is open, and follows every change the panel sees then
//! (a connection approved adds its approval resource).

use leptos::prelude::*;
use privatelink_core::terraform::{terraform, TerraformInput};
use privatelink_core::{Cloud, Connections, Privatelink};

use super::CopyButton;
use crate::state::{Ctx, Loaded};

/// What the generator reads of one cloud's answer: the privatelink and its connections
/// when they are of `cloud` (nothing otherwise, as while the panel switches services).
fn input<'a>(
    cloud: Cloud,
    p: Option<&'a Privatelink>,
    c: Option<&'a Connections>,
) -> TerraformInput<'a> {
    match cloud {
        Cloud::Azure => TerraformInput::Azure {
            privatelink: match p {
                Some(Privatelink::Azure(p)) => Some(p),
                Some(Privatelink::Aws(_) | Privatelink::Google(_)) | None => None,
            },
            connections: match c {
                Some(Connections::Azure(l)) => l,
                Some(Connections::Aws(_) | Connections::Google(_)) | None => &[],
            },
        },
        Cloud::Aws => TerraformInput::Aws {
            privatelink: match p {
                Some(Privatelink::Aws(p)) => Some(p),
                Some(Privatelink::Azure(_) | Privatelink::Google(_)) | None => None,
            },
            connections: match c {
                Some(Connections::Aws(l)) => l,
                Some(Connections::Azure(_) | Connections::Google(_)) | None => &[],
            },
            // The API takes them but never shows them: said as unknown.
            supported_regions: None,
        },
        Cloud::Google => TerraformInput::Google {
            privatelink: match p {
                Some(Privatelink::Google(p)) => Some(p),
                Some(Privatelink::Azure(_) | Privatelink::Aws(_)) | None => None,
            },
            connections: match c {
                Some(Connections::Google(l)) => l,
                Some(Connections::Azure(_) | Connections::Aws(_)) | None => &[],
            },
        },
    }
}

/// The disclosure: a button with `aria-expanded` (as the `avn` ones), the HCL in a
/// focusable, scrollable block, and Copy.
#[component]
pub fn TerraformExport(ctx: Ctx, cloud: Cloud) -> impl IntoView {
    let open = RwSignal::new(false);
    let hcl = move || {
        let project = ctx.client().project;
        ctx.service.with(|s| {
            let s = s.as_ref()?;
            ctx.privatelink.with(|p| {
                let Loaded::Ready(p) = p else { return None };
                ctx.connections
                    .with(|c| Some(terraform(&project, s, input(cloud, p.as_ref(), c.as_ref()))))
            })
        })
    };
    let text = Signal::derive(move || hcl().unwrap_or_default());
    view! {
        <div class="plp-avn plp-terraform" data-testid="terraform">
            <button type="button" class="plp-disclosure" data-testid="terraform-toggle"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)>
                "Terraform"
            </button>
            <Show when=move || open.get()>
                <div>
                    <p class="plp-muted">"For the Aiven provider, with import blocks: terraform plan adopts what exists instead of creating it again."</p>
                    <pre class="plp-hcl" tabindex="0" aria-label="Terraform configuration"><code data-testid="terraform-hcl">{move || text.get()}</code></pre>
                    <CopyButton ctx=ctx text=text label="Terraform configuration" />
                </div>
            </Show>
        </div>
    }
}
