using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fleet.DeploymentTests.Support;

public static class Yaml
{
    /// <summary>The first document of a YAML file, with merge keys (&lt;&lt;: *anchor) resolved as Compose resolves them.</summary>
    public static YamlMappingNode Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode? Child(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Child(key) as YamlMappingNode ?? throw new AssertionException($"no mapping '{key}' at {node.Start}");

    public static string? Scalar(this YamlNode node, string key) => (node.Child(key) as YamlScalarNode)?.Value;

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode map) =>
        map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value));

    /// <summary>Every leaf's dotted path (a.b.c); lists and empty maps are leaves.</summary>
    public static IEnumerable<string> LeafPaths(this YamlMappingNode map, string prefix = "")
    {
        foreach (var (key, value) in map.Entries())
        {
            var path = prefix + key;
            if (value is YamlMappingNode child && child.Children.Count > 0)
            {
                foreach (var leaf in child.LeafPaths(path + "."))
                    yield return leaf;
            }
            else
            {
                yield return path;
            }
        }
    }

    public static bool HasPath(this YamlMappingNode map, string dottedPath)
    {
        YamlNode node = map;
        foreach (var part in dottedPath.Split('.'))
        {
            if (node.Child(part) is not { } child)
                return false;
            node = child;
        }
        return true;
    }
}
