import { createApp } from 'vue';
import App from './App.vue';
import { startClock } from './clock';
import { router } from './router';
import { startSession } from './session';
import './styles.css';

startClock();
startSession();
createApp(App).use(router).mount('#app');
