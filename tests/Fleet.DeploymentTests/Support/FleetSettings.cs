using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Fleet.DeploymentTests.Support;

/// <summary>
/// Fleet's settings as its options classes define them, found by reflection (every public class of a Fleet assembly
/// with a <c>Section</c> or <c>SectionName</c> constant), so a renamed or removed setting fails the deployment
/// checks instead of being silently ignored by the configuration binder.
/// </summary>
public static class FleetSettings
{
    /// <summary>Options classes by the configuration section they bind to.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = FindSections();

    /// <summary>Why an environment variable named <paramref name="key"/> (Fleet__Section__Name) is no Fleet setting; null when it is one.</summary>
    public static string? Problem(string key)
    {
        var path = key.Replace("__", ":");
        var section = Sections.Keys
            .Where(s => path.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.Length)
            .FirstOrDefault();
        if (section is null)
            return $"{key}: no options class binds a section above {path} (sections: {string.Join(", ", Sections.Keys.Order())})";

        var type = Sections[section];
        foreach (var name in path[(section.Length + 1)..].Split(':'))
        {
            // An index into a list of settings (Fleet__BucketDrop__Rules__0__Bucket): the next name is the element's.
            if (name.All(char.IsAsciiDigit) && ElementType(type) is { } element)
            {
                type = element;
                continue;
            }
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
                return $"{key}: {type.Name} has no settable property {name}";
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return IsValue(type) ? null : $"{key} names {type.Name}, a group of settings, not one setting";
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
        : null;

    /// <summary>
    /// Binds the settings to every options class they touch, as the host would (unknown keys and unconvertible values
    /// fail), and runs the classes' validation attributes. One line per problem.
    /// </summary>
    public static IReadOnlyList<string> BindingProblems(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":"), s.Value)))
            .Build();
        var problems = new List<string>();
        foreach (var (section, type) in Sections)
        {
            var configured = configuration.GetSection(section);
            if (!configured.Exists())
                continue;
            try
            {
                var options = configured.Get(type, o => o.ErrorOnUnknownConfiguration = true)!;
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
                    problems.AddRange(results.Select(r => $"{section}: {r.ErrorMessage}"));
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{section}: {e.Message}{(e.InnerException is null ? "" : " " + e.InnerException.Message)}");
            }
        }
        return problems;
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static Dictionary<string, Type> FindSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory, "Fleet.*.dll"))
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(file));
            foreach (var type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract))
            {
                var field = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
                            ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static);
                if (field is not { IsLiteral: true } || field.GetRawConstantValue() is not string section)
                    continue;
                // The OCR engine's options name only their own section ("Ocr"); the worker binds them under Fleet:.
                sections[section.StartsWith("Fleet:", StringComparison.Ordinal) ? section : "Fleet:" + section] = type;
            }
        }
        return sections;
    }
}
