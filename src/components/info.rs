//! Connection information: for each active connection and each enabled component, the
//! host, port and a ready URI, each copyable.

use leptos::prelude::*;
use privatelink_core::connection_info::connection_info;
use privatelink_core::wire::ConnectionState;

use super::CopyButton;
use crate::state::Ctx;

#[component]
pub fn ConnectionInfoList() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let rows = move || {
        let service = ctx.service.get()?;
        let out: Vec<_> = ctx
            .connections
            .get()
            .into_iter()
            .filter(|c| c.state == ConnectionState::Active)
            .flat_map(|c| {
                connection_info(&service, &c.privatelink_connection_id)
                    .into_iter()
                    .map(move |i| (c.privatelink_connection_id.clone(), i))
            })
            .collect();
        Some(out)
    };
    view! {
        <div class="plp-card" data-testid="connection-info">
            <h3 class="plp-card__title">"Connection information"</h3>
            {move || match rows() {
                Some(rows) if !rows.is_empty() => view! {
                    <table class="plp-table">
                        <caption class="plp-sr-only">"How to connect through each active connection"</caption>
                        <thead><tr>
                            <th scope="col">"Connection"</th><th scope="col">"Component"</th>
                            <th scope="col">"Host"</th><th scope="col">"Port"</th><th scope="col">"URI"</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(id, i)| {
                                let uri = i.uri.clone();
                                let host = i.host.clone();
                                view! {
                                    <tr data-testid="info-row">
                                        <td><code>{id}</code></td>
                                        <td>{i.component.clone()}</td>
                                        <td><code>{i.host.clone()}</code><CopyButton text=Signal::derive(move || host.clone()) label="host" /></td>
                                        <td>{i.port}</td>
                                        <td><code data-testid="info-uri">{i.uri.clone()}</code><CopyButton text=Signal::derive(move || uri.clone()) label="URI" /></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
                _ => view! {
                    <p class="plp-muted" data-testid="no-info">
                        "Shown once a connection is active and a component is switched on above."
                    </p>
                }.into_any(),
            }}
        </div>
    }
}
