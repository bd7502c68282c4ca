// expect: TS2367 '"pending"' have no overlap
// A connection state the API does not have.
import 'privatelink-panel/define';

document.addEventListener('privatelink-change', (e) => {
  console.log(e.detail.connections.filter((c) => c.state === 'pending').length);
});
