# Terraform for the Azure PrivateLink of service "demo-pg" in project "demo-project".
# Import blocks (Terraform 1.5 or later) adopt what already exists instead of creating it.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aiven = {
      source  = "aiven/aiven"
      version = ">= 4.51.0, < 5.0.0"
    }
  }
}

resource "aiven_azure_privatelink" "demo_pg" {
  project      = "demo-project"
  service_name = "demo-pg"
  user_subscription_ids = [
    "8eefec94-5d63-40c9-983c-03ab083b411d",
  ]
}

import {
  to = aiven_azure_privatelink.demo_pg
  id = "demo-project/demo-pg"
}

# This service has 4 connections, so no aiven_azure_privatelink_connection_approval is written:
# it approves the service's only connection and fails with more than one.
# Handle them in the panel or with avn:
#   "plc35843e8054b" "pending-user-approval", endpoint "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/test-privatelink/providers/Microsoft.Network/privateEndpoints/my-endpoint"
#   "plc39413abcdef" "user-approved", endpoint "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/test-privatelink/providers/Microsoft.Network/privateEndpoints/second-endpoint"
#   "plc58e4782ab22" "connected", endpoint "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/Test-PrivateLink/providers/Microsoft.Network/privateEndpoints/third-endpoint"
#   "plc12345abcdef" "active", endpoint "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourcegroups/prod-rg/providers/microsoft.network/privateendpoints/prod-endpoint"

# privatelink_access belongs to the service's own resource, which this file does not manage.
# Merge these switches into your aiven_pg resource of "demo-pg":
#
#   pg_user_config {
#     privatelink_access {
#       pg         = true
#       pgbouncer  = false
#       prometheus = false
#     }
#   }
