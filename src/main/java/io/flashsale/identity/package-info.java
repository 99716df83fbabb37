/**
 * Who is calling: accounts, the local RS256 token issuer and its JWKS, and the resource-server rules that every
 * other module relies on.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package io.flashsale.identity;
