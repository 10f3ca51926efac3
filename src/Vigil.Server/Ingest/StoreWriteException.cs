namespace Vigil.Server.Ingest;

/// <summary>The event store could not make a request's documents durable: nothing of it is acknowledged (503, the client retries).</summary>
public sealed class StoreWriteException(Exception inner) : Exception($"the event store could not write the documents: {inner.Message}", inner);
