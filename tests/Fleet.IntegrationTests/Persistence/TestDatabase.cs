using Fleet.Infrastructure.Persistence.Migrations;
using Npgsql;

namespace Fleet.IntegrationTests.Persistence;

/// <summary>The real PostgreSQL of the shared services (or the one the environment names), migrated once.</summary>
[SetUpFixture]
public sealed class TestDatabase
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("Fleet__Database__ConnectionString") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5433;Username=fleet;Password=fleet;Database=fleet";

    /// <summary>Made as the fleet makes its own (statements prepared, no reset on close), so the tests run what it runs.</summary>
    public static NpgsqlDataSource DataSource { get; } = global::Fleet.Infrastructure.Persistence.DatabaseRegistration.CreateDataSource(ConnectionString);

    [OneTimeSetUp]
    public async Task MigrateAsync() => await FleetSchema.MigrateAsync(DataSource, [FleetSchema.Core], CancellationToken.None);

    [OneTimeTearDown]
    public async Task DisposeAsync() => await DataSource.DisposeAsync();

    public static async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default! : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    /// <summary>The counter's stored count, or null when it has no row.</summary>
    public static async Task<int?> CountOfAsync(Guid counterId)
    {
        await using var command = DataSource.CreateCommand(
            "select (data->>'count')::int from fleet.saga_instances where saga_type = 'CounterState' and correlation_id = @id");
        command.Parameters.AddWithValue("id", counterId);
        return await command.ExecuteScalarAsync() is int count ? count : null;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test when it does not within the time.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
