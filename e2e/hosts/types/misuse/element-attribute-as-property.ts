// expect: TS2339 Property 'project' does not exist on type 'PrivatelinkPanelElement'
// project is an attribute, not a property of the element.
import 'privatelink-panel/define';

const el = document.createElement('privatelink-panel');
el.project = 'my-project';
