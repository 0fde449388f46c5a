"""The embedded carrier network: a simulated carrier platform served by this same process under
/sandbox and reached only through httpx, exactly like a real provider. It sells number packages,
issues numbers in each carrier's real format, answers tracking in Kuaidi100's wire format, moves
parcels along realistic timelines, and injects faults on demand."""
