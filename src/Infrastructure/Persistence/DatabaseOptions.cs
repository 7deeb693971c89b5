using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Fleet.Infrastructure.Persistence;

public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Fleet:Database";

    public DatabaseKind Kind { get; set; } = DatabaseKind.InMemory;

    /// <summary>Npgsql connection string; required when <see cref="Kind"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long a consumed message's inbox row is kept: a copy of the message delivered again within this window is
    /// recognised and not consumed twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often old inbox rows and delivered outbox rows are removed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == DatabaseKind.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult(
                "Fleet:Database:ConnectionString is required when Fleet:Database:Kind is Postgres " +
                "(e.g. Host=127.0.0.1;Port=5433;Username=fleet;Password=fleet;Database=fleet).",
                [nameof(ConnectionString)]);
    }

    public static DatabaseOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
}
