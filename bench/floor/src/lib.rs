//! The bench's floor: what `bench/plain.js` does (the service, the privatelink and its
//! connections asked for one after another; the same connections table) as a small Leptos
//! app, measured beside the panel and the plain page by `bench/frontend.mjs`. It tells the
//! cost of wasm and Leptos on the machine apart from the panel's own code. Not shipped, and
//! only as careful as a benchmark page needs: no errors shown.

use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// One connection row, as the plain page shows it.
#[derive(Clone)]
struct Row {
    id: String,
    subscription: String,
    group: String,
    name: String,
    full: String,
    state: String,
    ip: String,
}

impl Row {
    fn of(c: &serde_json::Value) -> Row {
        let text = |k: &str| c[k].as_str().unwrap_or("").to_owned();
        let full = text("private_endpoint_id");
        // /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/privateEndpoints/{n}
        let part = |i: usize| full.split('/').nth(i).unwrap_or("").to_owned();
        Row {
            id: text("privatelink_connection_id"),
            subscription: part(2),
            group: part(4),
            name: part(8),
            state: text("state"),
            ip: c["user_ip_address"].as_str().unwrap_or("—").to_owned(),
            full,
        }
    }
}

async fn get(url: &str, token: &str) -> Option<serde_json::Value> {
    let r = Request::get(url)
        .header("Authorization", &format!("aivenv1 {token}"))
        .send()
        .await
        .ok()?;
    serde_json::from_str(&r.text().await.ok()?).ok()
}

fn badge(state: &str) -> &'static str {
    match state {
        "active" => "plp-badge plp-badge--ok",
        "user-approved" | "connected" => "plp-badge plp-badge--busy",
        "pending-user-approval" => "plp-badge plp-badge--wait",
        _ => "plp-badge plp-badge--neutral",
    }
}

/// Renders into the body and loads: the page's module calls it once the wasm is in.
#[wasm_bindgen]
pub fn run() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let token = location.hash().unwrap_or_default();
    let token = token.strip_prefix("#token=").unwrap_or("").to_owned();
    let search = location.search().unwrap_or_default();
    let service = search
        .strip_prefix("?service=")
        .unwrap_or("demo-pg")
        .to_owned();
    let rows = RwSignal::new(Vec::<Row>::new());
    let status = RwSignal::new("Loading…".to_owned());
    let title = format!("Azure PrivateLink · {service}");
    mount_to_body(move || {
        view! {
            <main><section class="plp">
                <header class="plp-header"><h2 class="plp-title">{title}</h2></header>
                <p class="plp-muted" role="status">{move || status.get()}</p>
                <div class="plp-card">
                    <table class="plp-table" data-testid="connections">
                        <caption>"Private endpoint connections"</caption>
                        <thead><tr>
                            <th scope="col">"Connection"</th><th scope="col">"Subscription"</th>
                            <th scope="col">"Resource group"</th><th scope="col">"Endpoint"</th>
                            <th scope="col">"State"</th><th scope="col">"Endpoint IP"</th>
                            <th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|r| r.id.clone() let:r>
                                <tr data-testid=format!("connection-{}", r.id)>
                                    <th scope="row"><code>{r.id.clone()}</code></th>
                                    <td title=r.full.clone()>{r.subscription.clone()}</td>
                                    <td>{r.group.clone()}</td>
                                    <td title=r.full.clone()>{r.name.clone()}</td>
                                    <td><span class=badge(&r.state) data-testid="state-badge">{r.state.clone()}</span></td>
                                    <td>{r.ip.clone()}</td>
                                    <td class="plp-actions">
                                        {(r.state == "pending-user-approval").then(|| view! {
                                            <button type="button" class="plp-btn plp-btn--primary">"Approve"</button>
                                        })}
                                        <form class="plp-ip">
                                            <input class="plp-input plp-input--ip" type="text" placeholder="10.0.0.5" />
                                            <button type="submit" class="plp-btn">"Save IP"</button>
                                        </form>
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </section></main>
        }
    });
    // After the mount, which sets up Leptos's executor.
    let base = format!("/v1/project/demo-project/service/{service}");
    leptos::task::spawn_local(async move {
        let _ = get(&base, &token).await;
        let privatelink = format!("{base}/privatelink/azure");
        let _ = get(&privatelink, &token).await;
        let list = get(&format!("{privatelink}/connections"), &token).await;
        let list = list
            .as_ref()
            .and_then(|l| l["connections"].as_array())
            .map(|l| l.iter().map(Row::of).collect::<Vec<_>>())
            .unwrap_or_default();
        status.set(format!("{} connections", list.len()));
        rows.set(list);
    });
}
