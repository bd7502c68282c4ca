// expect: TS2551 Property 'clooud' does not exist on type 'PrivatelinkChangeDetail'
// A misspelt field of privatelink-change's detail.
import 'privatelink-panel/define';

document.querySelector('privatelink-panel')?.addEventListener('privatelink-change', (e) => {
  console.log(e.detail.clooud);
});
