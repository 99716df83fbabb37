import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// The dev server forwards everything the backend serves, so `npm run dev`
// works against a backend started with ./mvnw spring-boot:run.
const backend = process.env.FLASHSALE_BACKEND_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/.well-known': backend,
      '/actuator': backend,
      '/ws': { target: backend, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
  },
});
