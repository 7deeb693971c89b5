using Npgsql;

namespace Fleet.Infrastructure.Persistence;

/// <summary>
/// The PostgreSQL connection of the current unit of work. Inside a consumed message (behind the inbox/outbox filter)
/// it carries that message's transaction, shared by the saga repository, the outbox and whatever else the transition
/// writes, so all of it commits or none does. Outside a consume (an API request) it is a plain pooled connection with
/// no transaction. Scoped: one per message or request.
/// </summary>
public interface IDbSession
{
    /// <summary>The open connection (opened on first use).</summary>
    ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>The consumed message's transaction, or null outside a consume.</summary>
    NpgsqlTransaction? Transaction { get; }
}
