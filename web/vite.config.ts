import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves `dist/` at `/`, on the same origin as `/graphql`, so the app only ever
// uses relative URLs. In `vite dev` the proxy gives the same shape against a local gateway.
const DEV_GATEWAY_URL = 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The gateway serves everything in dist/; maps would publish the full source for no user benefit.
    sourcemap: false,
  },
  server: {
    proxy: {
      '/graphql': { target: DEV_GATEWAY_URL, ws: true, changeOrigin: true },
      // The cookie routes: the session cookies are then set for the dev server's own origin.
      '/auth': { target: DEV_GATEWAY_URL, changeOrigin: true },
    },
  },
});
