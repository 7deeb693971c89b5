using Npgsql;

namespace Fleet.Infrastructure.Persistence;

/// <summary>
/// The scope's connection, taken from the pool on first use and returned when the scope ends. The inbox/outbox
/// filter begins and ends the consumed message's transaction here; the saga repository and anything else the
/// consumer resolves as <see cref="IDbSession"/> write inside it.
/// </summary>
public sealed class PostgresDbSession(NpgsqlDataSource dataSource) : IDbSession, IAsyncDisposable
{
    NpgsqlConnection? _connection;
    bool _disposed;

    public NpgsqlTransaction? Transaction { get; private set; }

    public async ValueTask<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connection ??= await dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Begins the unit of work's transaction (READ COMMITTED: rows are serialised by their locks).</summary>
    public async ValueTask<NpgsqlTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (Transaction is not null)
            throw new InvalidOperationException("A transaction is already open on this database session.");
        var connection = await ConnectionAsync(cancellationToken);
        Transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        return Transaction;
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var transaction = Transaction ?? throw new InvalidOperationException("No transaction is open on this database session.");
        Transaction = null;
        await using (transaction)
            await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Rolls back if a transaction is open; never throws, so it is safe on a path that is already failing.</summary>
    public async ValueTask RollbackAsync()
    {
        if (Transaction is not { } transaction)
            return;
        Transaction = null;
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception) when (_connection is { } connection)
        {
            // A broken connection has lost the transaction anyway; drop it so the next use takes a fresh one.
            await connection.DisposeAsync();
            _connection = null;
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }

    /// <summary>A command on this session's connection, enlisted in its transaction when one is open.</summary>
    public async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        return new NpgsqlCommand(sql, connection, Transaction);
    }
}
