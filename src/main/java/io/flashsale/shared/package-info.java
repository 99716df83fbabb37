/**
 * What every module needs and no module owns: the problem+json error contract and the RabbitMQ topology.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.flashsale.shared;
