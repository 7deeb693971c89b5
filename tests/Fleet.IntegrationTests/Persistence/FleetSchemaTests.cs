using Fleet.Infrastructure.Persistence;
using Fleet.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.IntegrationTests.Persistence;

public sealed class FleetSchemaTests
{
    [Test]
    public async Task Migrations_run_from_four_replicas_at_once_apply_once_each_in_name_order()
    {
        var schema = "migration_test_" + Guid.NewGuid().ToString("N")[..12];
        DatabaseMigration[] migrations =
        [
            // Listed out of order: the name decides.
            new($"9002_{schema}_b", $"insert into {schema}.applied(step) values ('b')"),
            FleetSchema.Core,
            new($"9001_{schema}_a", $"create schema {schema}; create table {schema}.applied(n serial, step text not null)"),
        ];
        try
        {
            var applied = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                Task.Run(() => FleetSchema.MigrateAsync(TestDatabase.DataSource, migrations, CancellationToken.None))));

            Assert.Multiple(async () =>
            {
                Assert.That(applied.SelectMany(names => names).Where(n => n.Contains(schema)),
                    Is.EqualTo(new[] { $"9001_{schema}_a", $"9002_{schema}_b" }));
                Assert.That(await TestDatabase.ScalarAsync<string>($"select string_agg(step, ',' order by n) from {schema}.applied"), Is.EqualTo("b"));
                Assert.That(await TestDatabase.ScalarAsync<long>("select count(*) from fleet.schema_migrations where name like @p", ("p", $"%{schema}%")), Is.EqualTo(2));
            });
        }
        finally
        {
            await TestDatabase.ScalarAsync<int>($"drop schema if exists {schema} cascade; delete from fleet.schema_migrations where name like '%{schema}%'; select 1");
        }
    }

    [Test]
    public void Postgres_without_a_connection_string_fails_at_start_up_naming_the_setting()
    {
        // Not CreateApplicationBuilder(): its environment variables hold the test database's connection string.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Database:Kind"] = "Postgres" });
        builder.Services.AddFleetDatabase(builder.Configuration);
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(failure!.Message, Does.Contain("Fleet:Database:ConnectionString is required when Fleet:Database:Kind is Postgres"));
    }
}
