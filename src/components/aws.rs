//! AWS PrivateLink: create with the IAM principals allowed to connect (checked as you type,
//! as subscription IDs are for Azure) and optional extra regions; the VPC endpoint
//! service's name with Copy and the `aws ec2 create-vpc-endpoint` step; the principals
//! editor (a save replaces the whole list); and the connections, read-only: AWS accepts a
//! VPC endpoint of an allowed principal by itself, so there is nothing to approve.

use leptos::prelude::*;
use privatelink_core::aws_region;
use privatelink_core::commands;
use privatelink_core::preflight::preflight_error;
use privatelink_core::principal::{split_pasted, MAX_PRINCIPALS};
use privatelink_core::service_types::service_type;
use privatelink_core::wire::AwsPrivatelink;
use privatelink_core::{Cloud, PrincipalList};

use super::{
    pasted_lines, AssignedValue, CopyButton, CreateCard, ListEditor, ListRules, PastedListInput,
    PrivatelinkBadge, TextList,
};
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

#[component]
pub fn AwsCreateForm(ctx: Ctx) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let regions_text = RwSignal::new(String::new());
    // The regions as sent: each checked by core (tidied of capitals and spaces).
    let regions = move || {
        regions_text
            .with(|t| aws_region::parse_pasted(t))
            .map(|l| l.iter().map(|r| r.as_str().to_owned()).collect::<Vec<_>>())
    };
    let blocked = move || -> Option<String> {
        if let Some(e) = ctx.preflight_refusal(|s| preflight_error(Cloud::Aws, s)) {
            return Some(e);
        }
        if let Err(e) = text.with(|t| PrincipalList::parse_pasted(t)) {
            return Some(e.to_string());
        }
        regions().err()
    };
    let create = UserAction::new(move || {
        // Tidied by core (separators, surrounding spaces) before it is sent.
        let list = text.with_untracked(|t| PrincipalList::parse_pasted(t));
        let regions = untrack(regions);
        let ready = untrack(blocked).is_none();
        Box::pin(async move {
            let (Ok(list), Ok(regions), true) = (list, regions, ready) else {
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
        commands::aws_principals("create", c.target(), &ok, &regions().unwrap_or_default())
    };
    view! {
        <CreateCard ctx=ctx title="Create an AWS PrivateLink" blocked=Signal::derive(blocked) action=create avn=Signal::derive(avn)>
            <PastedListInput ctx=ctx name="principal" text=text placeholder="arn:aws:iam::123456789012:root"
                label=format!("AWS IAM principal ARNs allowed to connect (1 to {MAX_PRINCIPALS}: an account's root, a user or a role; paste several separated by commas, spaces or new lines)")
                lines=Signal::derive(move || text.with(|t| pasted_lines(split_pasted(t)))) />
            <label class="plp-label" for=ctx.id("regions")>
                "Additional AWS regions to allow connections from (optional, e.g. us-east-2, eu-west-1)"
            </label>
            <input id=ctx.id("regions") class="plp-input" type="text" autocomplete="off" data-testid="regions-input"
                aria-describedby=ctx.id("regions-check")
                prop:value=move || regions_text.get()
                on:input=move |ev| regions_text.set(event_target_value(&ev)) />
            <ul class="plp-entries" id=ctx.id("regions-check") data-testid="regions-entries">
                <TextList lines=Signal::derive(move || regions_text.with(|t| pasted_lines(aws_region::split_pasted(t)))) />
            </ul>
        </CreateCard>
    }
}

/// The VPC endpoint service: state, service name and ID with Copy, the customer's
/// `aws ec2` step, and the allowed principals with their editor.
#[component]
pub fn AwsCard(ctx: Ctx) -> impl IntoView {
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
    // The ports a component needs open beyond its own (Kafka's brokers), from core's table.
    let ports = move || {
        ctx.service.with(|s| {
            s.as_ref()
                .and_then(|s| service_type(&s.service_type))
                .and_then(|t| t.privatelink_ports)
        })
    };
    view! {
        <div class="plp-card" data-testid="resource-card">
            <h3 class="plp-card__title">"VPC endpoint service " <PrivatelinkBadge ctx=ctx /></h3>
            <dl class="plp-fields">
                <dt>"Service name"</dt>
                <dd><AssignedValue ctx=ctx value=name label="service name" testid="aws-service-name" /></dd>
                <dt>"Service ID"</dt>
                <dd><AssignedValue ctx=ctx value=id label="service ID" testid="aws-service-id" /></dd>
                <dt>"Allowed principals"</dt>
                // In <code>: ARNs are long and must wrap at 320 px.
                <dd data-testid="principals"><code>{principals}</code></dd>
            </dl>
            <Show when=move || !name.get().is_empty()>
                <div class="plp-steps" data-testid="aws-steps">
                    <p>"In your AWS account, create an interface VPC endpoint to this service name (fill in your VPC, subnets and security group):"</p>
                    <p><code data-testid="aws-snippet">{move || snippet.get()}</code>
                        <CopyButton ctx=ctx text=snippet label="aws command" /></p>
                    <p class="plp-muted">"It is listed below once AWS has accepted it: no approval is needed for an allowed principal."</p>
                    {move || ports().map(|(from, to)| view! {
                        <p class="plp-note" data-testid="kafka-ports">{format!("Kafka: {} must allow TCP ports {from}–{to}.", Cloud::Aws.endpoint_filter())}</p>
                    })}
                </div>
            </Show>
            <PrincipalsEditor ctx=ctx />
        </div>
    }
}

/// Replacing the principals (the API replaces the whole list).
#[component]
fn PrincipalsEditor(ctx: Ctx) -> impl IntoView {
    let old = Signal::derive(move || {
        current(&ctx)
            .map(|p| arns(&p.principals))
            .unwrap_or_default()
    });
    let rules = ListRules {
        check: Box::new(|t| {
            PrincipalList::parse_pasted(t)
                .map(|l| arns(&l))
                .map_err(|e| e.to_string())
        }),
        extra: Box::new(|_| vec![]),
        save: Box::new(move |text| {
            Box::pin(async move {
                let Ok(list) = PrincipalList::parse_pasted(&text) else {
                    return Ok(());
                };
                let pl = ctx.client().aws_update(&list).await?;
                ctx.put_privatelink(Some(Privatelink::Aws(pl)));
                Ok(())
            })
        }),
        avn: Box::new(move |new| {
            commands::aws_principals("update", ctx.client().target(), new, &[])
        }),
    };
    view! {
        <ListEditor ctx=ctx name="principals" what="principals"
            field_label="Allowed principal ARNs (one per line)"
            warning="Saving replaces the whole list: principals not listed here can no longer create endpoints."
            old=old rules=rules />
    }
}
