namespace Fleet.Tests.Support;

/// <summary>A fresh input and output folder (two local buckets) per test, removed afterwards.</summary>
public abstract class BatchFoldersFixture
{
    protected DirectoryInfo Input { get; private set; } = null!;
    protected DirectoryInfo Output { get; private set; } = null!;

    [SetUp]
    public void CreateFolders()
    {
        var root = Directory.CreateTempSubdirectory($"fleet-{GetType().Name}-");
        Input = root.CreateSubdirectory("in");
        Output = root.CreateSubdirectory("out");
    }

    [TearDown]
    public void RemoveFolders() => Input.Parent!.Delete(recursive: true);

    protected void AddInput(string name, byte[] content) => File.WriteAllBytes(Path.Combine(Input.FullName, name), content);
}
