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

# Connection "plc35843e8054b" is "pending-user-approval" (endpoint "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/test-privatelink/providers/Microsoft.Network/privateEndpoints/my-endpoint").
# Applying this approves it if it is pending, waits until it is connected, then sets
# the endpoint's IP. No import block: the resource's read needs the connection ID
# that only its create stores.
# Add endpoint_ip_address, your private endpoint's IP: the connection becomes
# active only once it has one.
resource "aiven_azure_privatelink_connection_approval" "demo_pg" {
  project      = aiven_azure_privatelink.demo_pg.project
  service_name = aiven_azure_privatelink.demo_pg.service_name
}

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
