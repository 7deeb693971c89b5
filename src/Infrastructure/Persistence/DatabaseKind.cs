namespace Fleet.Infrastructure.Persistence;

/// <summary>Where saga state, the inbox and the outbox live.</summary>
public enum DatabaseKind
{
    /// <summary>Process memory: the embedded default, lost on exit.</summary>
    InMemory,

    /// <summary>PostgreSQL: shared by replicas, survives restarts.</summary>
    Postgres,
}
