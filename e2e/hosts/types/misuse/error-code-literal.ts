// expect: TS2367 '"unauthorized"' have no overlap
// privatelink-error's code is one of a few words ('http' for any HTTP status).
import 'privatelink-panel/define';

window.addEventListener('privatelink-error', (e) => {
  if (e.detail.code === 'unauthorized') console.log('sign in again');
});
