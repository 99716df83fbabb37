import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { isOperator, isSignedIn } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    requiresAuth?: boolean;
    requiresOperator?: boolean;
    title?: string;
  }
}

const routes: RouteRecordRaw[] = [
  // Paths and titles are the page's words ("sales", "orders"); names and files are the code's.
  { path: '/', name: 'promotion-variants', component: () => import('./views/PromotionVariantsView.vue'), meta: { title: 'Sales' } },
  { path: '/sales/:id', name: 'promotion-variant', component: () => import('./views/PromotionVariantView.vue'), props: true },
  { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue'), meta: { title: 'Sign in' } },
  { path: '/sign-up', name: 'sign-up', component: () => import('./views/SignUpView.vue'), meta: { title: 'Create account' } },
  { path: '/orders', name: 'my-checkouts', component: () => import('./views/MyCheckoutsView.vue'), meta: { requiresAuth: true, title: 'My orders' } },
  {
    path: '/console',
    name: 'console',
    component: () => import('./views/ConsoleView.vue'),
    meta: { requiresOperator: true, title: 'Console' },
  },
  {
    path: '/console/new',
    name: 'console-new',
    component: () => import('./views/ConsoleEditView.vue'),
    meta: { requiresOperator: true, title: 'New sale' },
  },
  {
    path: '/console/campaigns',
    name: 'console-campaigns',
    component: () => import('./views/ConsoleCampaignsView.vue'),
    meta: { requiresOperator: true, title: 'Campaigns' },
  },
  {
    path: '/console/campaigns/new',
    name: 'console-campaign-new',
    component: () => import('./views/ConsoleCampaignView.vue'),
    meta: { requiresOperator: true, title: 'New campaign' },
  },
  {
    path: '/console/campaigns/:id',
    name: 'console-campaign',
    component: () => import('./views/ConsoleCampaignView.vue'),
    props: true,
    meta: { requiresOperator: true, title: 'Campaign' },
  },
  {
    path: '/console/orders',
    name: 'console-checkouts',
    component: () => import('./views/ConsoleCheckoutsView.vue'),
    meta: { requiresOperator: true, title: 'Orders' },
  },
  {
    path: '/console/operations',
    name: 'console-operations',
    component: () => import('./views/ConsoleOperationsView.vue'),
    meta: { requiresOperator: true, title: 'Operations' },
  },
  {
    path: '/console/:id',
    name: 'console-dashboard',
    component: () => import('./views/ConsoleDashboardView.vue'),
    props: true,
    meta: { requiresOperator: true, title: 'Live dashboard' },
  },
  {
    path: '/console/:id/edit',
    name: 'console-edit',
    component: () => import('./views/ConsoleEditView.vue'),
    props: true,
    meta: { requiresOperator: true, title: 'Edit sale' },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'Not found' } },
];

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach((to) => {
  if ((to.meta.requiresAuth || to.meta.requiresOperator) && !isSignedIn.value) {
    return { name: 'sign-in', query: { redirect: to.fullPath } };
  }
  if (to.meta.requiresOperator && !isOperator.value) {
    return { name: 'sign-in', query: { redirect: to.fullPath, reason: 'operator' } };
  }
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · flashsale` : 'flashsale';
});
