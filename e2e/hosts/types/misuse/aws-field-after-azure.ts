// expect: TS2339 Property 'aws_service_name' does not exist on type 'AzurePrivatelink'
// Narrowed to Azure, the privatelink has no AWS fields.
import 'privatelink-panel/define';

document.addEventListener('privatelink-change', (e) => {
  if (e.detail.cloud === 'azure') console.log(e.detail.privatelink?.aws_service_name);
});
