// Nothing at run time: `import "privatelink-panel/vue"` only brings in vue.d.ts (the
// GlobalComponents entry of <privatelink-panel> for Vue 3), and a bundler needs a module to resolve.
export {};
