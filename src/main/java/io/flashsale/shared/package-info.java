/**
 * What every module needs and no module owns: the problem+json error contract.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.flashsale.shared;
