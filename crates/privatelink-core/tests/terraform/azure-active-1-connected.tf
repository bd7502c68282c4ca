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

# Connection "plc58e4782ab22" is "connected" (endpoint "/subscriptions/8eefec94-5d63-40c9-983c-03ab083b411d/resourceGroups/Test-PrivateLink/providers/Microsoft.Network/privateEndpoints/third-endpoint").
# Applying this approves it if it is pending, waits until it is connected, then sets
# the endpoint's IP. No import block: the resource's read needs the connection ID
# that only its create stores.
resource "aiven_azure_privatelink_connection_approval" "demo_pg" {
  project             = aiven_azure_privatelink.demo_pg.project
  service_name        = aiven_azure_privatelink.demo_pg.service_name
  endpoint_ip_address = "10.0.0.4"
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
