/**
 * The web page (buyers' sale page and operators' console, built from {@code frontend/}), served at {@code /}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package io.flashsale.web;
