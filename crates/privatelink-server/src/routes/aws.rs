//! The AWS PrivateLink endpoints (docs/multicloud.md §2.1): create with 1–16 IAM principals
//! (avn sends `{"principals": null}` without `--principal`, which is refused with a
//! sentence), get, update (principals and/or regions; `null` keeps), delete, refresh, and
//! the connections list. AWS connections need no approval, so there is no connection route.
//! Every route first checks the service is in an AWS cloud.

use axum::extract::State;
use axum::Json;
use privatelink_core::aws_region::AwsRegion;
use privatelink_core::wire::{AwsPrivatelink, AwsPrivatelinkRequest};
use privatelink_core::PrivatelinkAction;
use serde_json::{json, Value};

use crate::error::{ApiResult, AppError};
use crate::extract::{AuthProject, EmptyBody, JsonBody, ServicePath};
use crate::model::aws::AwsRecord;
use crate::{random_u64, Shared};

/// `supported_regions`, each exactly an AWS region name (core's rule).
fn checked_regions(regions: Option<Vec<String>>) -> ApiResult<Option<Vec<String>>> {
    for r in regions.iter().flatten() {
        AwsRegion::parse_exact(r)
            .map_err(|e| AppError::bad_request(format!("supported_regions: {e}")))?;
    }
    Ok(regions)
}

pub async fn aws_create(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    JsonBody(req): JsonBody<AwsPrivatelinkRequest>,
) -> ApiResult<Json<AwsPrivatelink>> {
    let principals = req.principals.ok_or_else(|| {
        AppError::bad_request(
            "principals is required: give at least one AWS IAM principal ARN allowed to connect (avn: --principal arn:aws:iam::<account>:root).",
        )
    })?;
    let regions = checked_regions(req.supported_regions)?.unwrap_or_default();
    let now = st.now();
    st.update_service(&project, &service, move |s| {
        let aws =
            s.create(|region| AwsRecord::new(region, principals, regions, now, random_u64()))?;
        Ok(Json(aws.to_wire()))
    })
    .await
}

pub async fn aws_update(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    JsonBody(req): JsonBody<AwsPrivatelinkRequest>,
) -> ApiResult<Json<AwsPrivatelink>> {
    let regions = checked_regions(req.supported_regions)?;
    st.update_service(&project, &service, move |s| {
        let aws = s.privatelink_mut::<AwsRecord>(PrivatelinkAction::UpdateAllowlist)?;
        if let Some(p) = req.principals {
            aws.principals = p;
        }
        if let Some(r) = regions {
            aws.supported_regions = r;
        }
        Ok(Json(aws.to_wire()))
    })
    .await
}

/// AWS tells Aiven of new endpoints itself; refresh is the fallback avn offers. It changes
/// nothing here (endpoints are listed once available), but answers as the API does.
pub async fn aws_refresh(
    State(st): State<Shared>,
    AuthProject(ServicePath { project, service }): AuthProject<ServicePath>,
    _: EmptyBody,
) -> ApiResult<Json<Value>> {
    let v = st.view_service(&project, &service).await?;
    v.record
        .privatelink::<AwsRecord>(PrivatelinkAction::Refresh)?;
    Ok(Json(json!({})))
}
