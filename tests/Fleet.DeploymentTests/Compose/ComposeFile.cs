using System.Text.RegularExpressions;
using Fleet.DeploymentTests.Support;
using YamlDotNet.RepresentationModel;

namespace Fleet.DeploymentTests.Compose;

/// <summary>compose.yaml as Docker Compose reads it, with its variables taken from .env.example (what the README copies to .env).</summary>
public sealed partial class ComposeFile
{
    public YamlMappingNode Root { get; } = Yaml.Load(Repo.Path("compose.yaml"));

    public IReadOnlyDictionary<string, string> EnvExample { get; } = File.ReadAllLines(Repo.Path(".env.example"))
        .Where(l => l.Contains('=') && !l.TrimStart().StartsWith('#'))
        .ToDictionary(l => l[..l.IndexOf('=')].Trim(), l => l[(l.IndexOf('=') + 1)..].Trim());

    public YamlMappingNode Services => Root.Map("services");

    public YamlMappingNode Service(string name) => Services.Map(name);

    /// <summary>Services built from Fleet's Dockerfiles: the roles.</summary>
    public IEnumerable<(string Name, YamlMappingNode Service)> FleetServices =>
        Services.Entries().Where(s => s.Value.Child("build") is not null).Select(s => (s.Key, (YamlMappingNode)s.Value));

    /// <summary>A service's environment (map or KEY=VALUE list), interpolated.</summary>
    public Dictionary<string, string> Environment(YamlMappingNode service)
    {
        var environment = new Dictionary<string, string>();
        switch (service.Child("environment"))
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Entries())
                    environment[key] = Interpolate(((YamlScalarNode)value).Value ?? "");
                break;
            case YamlSequenceNode list:
                foreach (var item in list.Select(i => ((YamlScalarNode)i).Value!))
                    environment[item.Split('=')[0]] = Interpolate(item.Contains('=') ? item[(item.IndexOf('=') + 1)..] : "");
                break;
        }
        return environment;
    }

    /// <summary>Compose's ${NAME}, ${NAME:-default}, ${NAME:?error} and $$; a required variable missing from .env.example throws.</summary>
    public string Interpolate(string text) => Variable().Replace(text, m =>
    {
        if (m.Value == "$$")
            return "$";
        var (name, op, rest) = (m.Groups["name"].Value, m.Groups["op"].Value, m.Groups["rest"].Value);
        var value = EnvExample.GetValueOrDefault(name);
        return op switch
        {
            ":-" or "-" => string.IsNullOrEmpty(value) ? rest : value,
            ":?" or "?" => string.IsNullOrEmpty(value) ? throw new AssertionException($"compose.yaml requires {name} ({rest}), which .env.example does not set") : value,
            _ => value ?? "",
        };
    });

    /// <summary>Every variable compose.yaml reads, with whether it must be set.</summary>
    public IEnumerable<(string Name, bool Required)> Variables() =>
        Variable().Matches(File.ReadAllText(Repo.Path("compose.yaml")))
            .Where(m => m.Value != "$$")
            .Select(m => (m.Groups["name"].Value, m.Groups["op"].Value.Contains('?')))
            .Distinct();

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<rest>[^}]*))?\}")]
    private static partial Regex Variable();
}
