// Nothing at run time: `import "privatelink-panel/react"` only brings in react.d.ts (the
// JSX types of <privatelink-panel> for React 19), and a bundler needs a module to resolve.
export {};
