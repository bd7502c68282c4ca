// expect: TS2322 Type 'null' is not assignable to type 'number'
// Only code 'http' carries a status: without narrowing it may be null.
import 'privatelink-panel/define';

document.addEventListener('privatelink-error', (e) => {
  const status: number = e.detail.status;
  console.log(status);
});
