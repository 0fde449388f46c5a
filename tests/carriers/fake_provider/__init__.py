"""A fourth tracking provider, "Fakeq", made only for tests/carriers/test_fourth_provider.py: one
package (request/parse, units, plug-in declaration) that plugs into carriers/registry.py without
touching anything in waybill_ui/."""
