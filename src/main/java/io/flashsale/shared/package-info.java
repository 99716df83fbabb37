/**
 * What every module needs and no module owns: the typed ids every module speaks, domain refusals and their
 * problem+json answers, and the RabbitMQ topology.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.flashsale.shared;
