//! AWS PrivateLink: create with the IAM principals allowed to connect (checked as you type,
//! as subscription IDs are for Azure) and optional extra regions; the VPC endpoint
//! service's name with Copy and the `aws ec2 create-vpc-endpoint` step; the principals
//! editor (a save replaces the whole list); and the connections, read-only: AWS accepts a
//! VPC endpoint of an allowed principal by itself, so there is nothing to approve.

use leptos::prelude::*;
use privatelink_core::allowlist::allowlist_diff;
use privatelink_core::commands;
use privatelink_core::preflight::preflight_error_for;
use privatelink_core::principal::{split_pasted, MAX_PRINCIPALS};
use privatelink_core::subscription::split_tokens;
use privatelink_core::wire::AwsPrivatelink;
use privatelink_core::{Cloud, PrincipalList, Tone};

use super::{AvnCommand, Badge, CopyButton, ErrorLine, Line, TextList};
use crate::state::{Ctx, Loaded, Privatelink, UserAction};

fn current(ctx: &Ctx) -> Option<AwsPrivatelink> {
    match ctx.privatelink.get() {
        Loaded::Ready(Some(Privatelink::Aws(p))) => Some(p),
        _ => None,
    }
}

fn arns(list: &PrincipalList) -> Vec<String> {
    list.iter().map(|p| p.as_str().to_owned()).collect()
}

/// The as-you-type check of pasted principal ARNs, one line per entry.
fn principal_lines(text: &str) -> Vec<Line> {
    split_pasted(text)
        .into_iter()
        .map(|e| {
            let (class, note) = match (&e.result, e.duplicate) {
                (Ok(_), true) => ("plp-entry plp-entry--bad", "listed twice".to_string()),
                (Ok(_), false) => ("plp-entry plp-entry--ok", "ok".to_string()),
                (Err(err), _) => ("plp-entry plp-entry--bad", err.to_string()),
            };
            Line {
                class,
                lead: "",
                code: e.raw,
                tail: [" — ", note.as_str()].concat(),
            }
        })
        .collect()
}

#[component]
pub fn AwsCreateForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let text = RwSignal::new(String::new());
    let regions_text = RwSignal::new(String::new());
    let regions =
        move || regions_text.with(|t| split_tokens(t).map(str::to_owned).collect::<Vec<_>>());
    let blocked = move || -> Option<String> {
        let service = ctx.service.get()?;
        if let Err(e) = preflight_error_for(Cloud::Aws, &service) {
            return Some(e);
        }
        text.with(|t| PrincipalList::parse_pasted(t))
            .err()
            .map(|e| e.to_string())
    };
    let create = UserAction::new(move || {
        // Tidied by core (separators, surrounding spaces) before it is sent.
        let list = text.with_untracked(|t| PrincipalList::parse_pasted(t));
        let regions = untrack(regions);
        let ready = untrack(blocked).is_none();
        Box::pin(async move {
            let (Ok(list), true) = (list, ready) else {
                return Ok(());
            };
            let pl = ctx.client().aws_create(&list, &regions).await?;
            ctx.announce("Creating the AWS PrivateLink…");
            ctx.put_privatelink(Some(Privatelink::Aws(pl)));
            Ok(())
        })
    });
    let avn = move || {
        let c = ctx.client();
        let ok: Vec<String> = text.with(|t| {
            split_pasted(t)
                .into_iter()
                .filter_map(|e| e.result.ok())
                .map(|p| p.as_str().to_owned())
                .collect()
        });
        commands::aws_principals("create", c.target(), &ok, &regions())
    };
    view! {
        <form class="plp-card" data-testid="create-form"
            on:submit=move |ev| { ev.prevent_default(); create.run(); }>
            <h3 class="plp-card__title">"Create an AWS PrivateLink"</h3>
            <label class="plp-label" for=ctx.id("principals")>
                {format!("AWS IAM principal ARNs allowed to connect (1 to {MAX_PRINCIPALS}: an account's root, a user or a role; paste several separated by commas, spaces or new lines)")}
            </label>
            <textarea id=ctx.id("principals") class="plp-input plp-textarea" rows="3" data-testid="principal-input"
                placeholder="arn:aws:iam::123456789012:root"
                aria-describedby=ctx.id("principals-check")
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <ul class="plp-entries" id=ctx.id("principals-check") data-testid="principal-entries">
                <TextList lines=Signal::derive(move || text.with(|t| principal_lines(t))) />
            </ul>
            <label class="plp-label" for=ctx.id("regions")>
                "Additional AWS regions to allow connections from (optional, e.g. us-east-2, eu-west-1)"
            </label>
            <input id=ctx.id("regions") class="plp-input" type="text" autocomplete="off" data-testid="regions-input"
                prop:value=move || regions_text.get()
                on:input=move |ev| regions_text.set(event_target_value(&ev)) />
            <Show when=move || blocked().is_some()>
                <p class="plp-muted" data-testid="create-blocked">{move || blocked().unwrap_or_default()}</p>
            </Show>
            <div class="plp-row">
                <button type="submit" class="plp-btn plp-btn--primary" data-testid="create"
                    disabled=move || create.busy() || blocked().is_some()>
                    {move || if create.busy() { "Creating…" } else { "Create" }}
                </button>
            </div>
            <ErrorLine action=create />
            <AvnCommand command=Signal::derive(avn) />
        </form>
    }
}

/// The VPC endpoint service: state, service name and ID with Copy, the customer's
/// `aws ec2` step, and the allowed principals with their editor.
#[component]
pub fn AwsCard() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let state = move || ctx.privatelink_state();
    let label = Signal::derive(move || state().map(|s| s.to_string()).unwrap_or_default());
    let tone = Signal::derive(move || state().map_or(Tone::Bad, |s| s.tone()));
    let name = Signal::derive(move || {
        current(&ctx)
            .and_then(|p| p.aws_service_name)
            .unwrap_or_default()
    });
    let id = Signal::derive(move || {
        current(&ctx)
            .and_then(|p| p.aws_service_id)
            .unwrap_or_default()
    });
    let snippet = Signal::derive(move || commands::aws_create_vpc_endpoint(&name.get()));
    let principals = move || {
        current(&ctx)
            .map(|p| arns(&p.principals).join(", "))
            .unwrap_or_default()
    };
    let kafka = move || {
        ctx.service
            .with(|s| s.as_ref().is_some_and(|s| s.service_type == "kafka"))
    };
    view! {
        <div class="plp-card" data-testid="resource-card">
            <h3 class="plp-card__title">"VPC endpoint service " <Badge label=label tone=tone /></h3>
            <dl class="plp-fields">
                <dt>"Service name"</dt>
                <dd>
                    <Show when=move || !name.get().is_empty()
                        fallback=|| view! { <span class="plp-muted">"Assigned when the service is active"</span> }>
                        <code data-testid="aws-service-name">{move || name.get()}</code>
                        <CopyButton text=name label="service name" />
                    </Show>
                </dd>
                <dt>"Service ID"</dt>
                <dd>
                    <Show when=move || !id.get().is_empty()
                        fallback=|| view! { <span class="plp-muted">"Assigned when the service is active"</span> }>
                        <code data-testid="aws-service-id">{move || id.get()}</code>
                        <CopyButton text=id label="service ID" />
                    </Show>
                </dd>
                <dt>"Allowed principals"</dt>
                // In <code>: ARNs are long and must wrap at 320 px.
                <dd data-testid="principals"><code>{principals}</code></dd>
            </dl>
            <Show when=move || !name.get().is_empty()>
                <div class="plp-steps" data-testid="aws-steps">
                    <p>"In your AWS account, create an interface VPC endpoint to this service name (fill in your VPC, subnets and security group):"</p>
                    <p><code data-testid="aws-snippet">{move || snippet.get()}</code>
                        <CopyButton text=snippet label="aws command" /></p>
                    <p class="plp-muted">"It is listed below once AWS has accepted it: no approval is needed for an allowed principal."</p>
                    <Show when=kafka>
                        <p class="plp-note" data-testid="kafka-ports">"Kafka: the endpoint's security group must allow TCP ports 10000–31000."</p>
                    </Show>
                </div>
            </Show>
            <PrincipalsEditor />
        </div>
    }
}

/// Replacing the principals: what the save adds and removes, before it is sent.
#[component]
fn PrincipalsEditor() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let editing = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let old = move || {
        current(&ctx)
            .map(|p| arns(&p.principals))
            .unwrap_or_default()
    };
    let parsed = move || text.with(|t| PrincipalList::parse_pasted(t));
    let lines = move || {
        let Ok(new) = parsed() else { return vec![] };
        let d = allowlist_diff(&old(), &arns(&new));
        let added = d
            .added
            .into_iter()
            .map(|s| ("plp-diff--added", "+ added ", s));
        let removed = d
            .removed
            .into_iter()
            .map(|s| ("plp-diff--removed", "− removed ", s));
        added
            .chain(removed)
            .map(|(class, lead, code)| Line {
                class,
                lead,
                code,
                tail: String::new(),
            })
            .collect::<Vec<_>>()
    };
    let save = UserAction::new(move || {
        let list = untrack(parsed);
        Box::pin(async move {
            let Ok(list) = list else { return Ok(()) };
            let pl = ctx.client().aws_update(&list).await?;
            ctx.put_privatelink(Some(Privatelink::Aws(pl)));
            ctx.announce("Allowed principals saved.");
            editing.set(false);
            Ok(())
        })
    });
    let avn = move || {
        let new = parsed().map(|l| arns(&l)).unwrap_or_default();
        commands::aws_principals("update", ctx.client().target(), &new, &[])
    };
    view! {
        <Show when=move || editing.get()
            fallback=move || view! {
                <button type="button" class="plp-btn" data-testid="edit-principals"
                    on:click=move |_| { text.set(old().join("\n")); editing.set(true); }>
                    "Edit allowed principals"
                </button>
            }>
            <div class="plp-editor" data-testid="principals-editor">
                <label class="plp-label" for=ctx.id("principals-edit")>"Allowed principal ARNs (one per line)"</label>
                <textarea id=ctx.id("principals-edit") class="plp-input plp-textarea" rows="3" data-testid="principals-input"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p class="plp-warning">"Saving replaces the whole list: principals not listed here can no longer create endpoints."</p>
                <Show when=move || parsed().is_err()
                    fallback=move || view! {
                        <ul class="plp-diff" data-testid="principals-diff">
                            <TextList lines=Signal::derive(lines) />
                        </ul>
                    }>
                    <p class="plp-error" role="alert">{move || parsed().err().map(|e| e.to_string())}</p>
                </Show>
                <div class="plp-row">
                    <button type="button" class="plp-btn plp-btn--primary" data-testid="save-principals"
                        disabled=move || save.busy() || parsed().is_err()
                        on:click=move |_| save.run()>
                        {move || if save.busy() { "Saving…" } else { "Save allowed principals" }}
                    </button>
                    <button type="button" class="plp-btn" on:click=move |_| editing.set(false)>"Cancel"</button>
                </div>
                <ErrorLine action=save />
                <AvnCommand command=Signal::derive(avn) />
            </div>
        </Show>
    }
}

/// The VPC endpoints AWS has accepted: read-only, keyed by endpoint and content (a row is
/// rebuilt only when its own connection changes).
#[component]
pub fn AwsConnectionsTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="plp-card">
            <table class="plp-table plp-table--cards" data-testid="connections">
                <caption>"VPC endpoint connections"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Connection"</th>
                        <th scope="col">"VPC endpoint"</th>
                        <th scope="col">"DNS name"</th>
                        <th scope="col">"State"</th>
                    </tr>
                </thead>
                <tbody>
                    <Show when=move || ctx.aws_connections.with(Vec::is_empty)>
                        <tr><td colspan="4" class="plp-muted" data-testid="no-connections">
                            "No connections yet. Create a VPC endpoint to the service name above; it is listed once AWS has accepted it."
                        </td></tr>
                    </Show>
                    <For each=move || ctx.aws_connections.get()
                        key=|c| (c.vpc_endpoint_id.clone(), c.privatelink_connection_id.clone(), c.state.to_string(), c.dns_name.clone())
                        let:c>
                        {
                            let id = c.privatelink_connection_id.as_ref().map_or_else(|| "—".to_string(), ToString::to_string);
                            let label = c.state.to_string();
                            let tone = c.state.tone();
                            let dns = c.dns_name.clone();
                            let testid = format!("connection-{}", c.vpc_endpoint_id);
                            view! {
                                <tr data-testid=testid>
                                    <th scope="row"><code>{id}</code></th>
                                    <td data-label="VPC endpoint"><code>{c.vpc_endpoint_id}</code></td>
                                    <td data-label="DNS name"><code data-testid="dns-name">{c.dns_name}</code>
                                        " " <CopyButton text=Signal::stored(dns) label="DNS name" /></td>
                                    <td data-label="State"><Badge label=Signal::stored(label) tone=Signal::stored(tone) /></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}
