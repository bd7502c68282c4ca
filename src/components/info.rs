//! Connection information: for each active connection and each enabled component, the
//! host, port and a ready URI, each copyable, and the commands that connect (`psql`,
//! `kcat`, `avn service connection-info … -r privatelink -p <connection>`), from core.

use leptos::prelude::*;
use privatelink_core::connection_info::{connect_commands, connection_info};

use super::CopyButton;
use crate::state::Ctx;

#[component]
pub fn ConnectionInfoList(ctx: Ctx) -> impl IntoView {
    let rows = move || {
        ctx.service.with(|service| {
            let service = service.as_ref()?;
            let mut out = Vec::new();
            for id in ctx.active_connection_ids() {
                for i in connection_info(service, &id) {
                    out.push((id.clone(), i));
                }
            }
            Some(out)
        })
    };
    let any = move || rows().is_some_and(|r| !r.is_empty());
    view! {
        <div class="plp-card" data-testid="connection-info">
            <h3 class="plp-card__title">"Connection information"</h3>
            <Show when=any
                fallback=|| view! {
                    <p class="plp-muted" data-testid="no-info">
                        "Shown once a connection is active and a component is switched on above."
                    </p>
                }>
                <table class="plp-table plp-table--cards">
                    <caption class="plp-sr-only">"How to connect through each active connection"</caption>
                    <thead><tr>
                        <th scope="col">"Connection"</th><th scope="col">"Component"</th>
                        <th scope="col">"Host"</th><th scope="col">"Port"</th><th scope="col">"URI"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || rows().unwrap_or_default() key=|r| format!("{}/{}/{}:{}", r.0, r.1.component, r.1.host, r.1.port) let:row>
                            {
                                let (id, i) = row;
                                let client = ctx.client();
                                let commands = connect_commands(&client.project, &client.service, &id, &i);
                                let uri = i.uri.clone();
                                let host = i.host.clone();
                                view! {
                                    <tr data-testid="info-row">
                                        <td data-label="Connection"><code>{id.to_string()}</code></td>
                                        <td data-label="Component">{i.component}</td>
                                        <td data-label="Host"><code>{i.host}</code><CopyButton ctx=ctx text=Signal::stored(host) label="host" /></td>
                                        <td data-label="Port">{i.port}</td>
                                        <td data-label="URI">
                                            <code data-testid="info-uri">{i.uri}</code><CopyButton ctx=ctx text=Signal::stored(uri) label="URI" />
                                            <ul class="plp-commands" data-testid="connect-commands">
                                                {commands.into_iter().map(|c| view! {
                                                    <li><code data-testid="connect-command">{c.command.clone()}</code>
                                                        <CopyButton ctx=ctx text=Signal::stored(c.command) label=copy_label(c.tool) /></li>
                                                }).collect_view()}
                                            </ul>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
        </div>
    }
}

/// What a command's Copy button copies, for its accessible name ("Copy psql command").
fn copy_label(tool: &str) -> &'static str {
    match tool {
        "psql" => "psql command",
        "kcat" => "kcat command",
        _ => "avn command",
    }
}
