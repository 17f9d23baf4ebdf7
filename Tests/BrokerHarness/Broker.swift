enum BrokerHarnessPlaceholder {}
