using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;

namespace Rectify.Web.Backup;

public sealed record BackupInfo(string Name, string Path, DateTimeOffset CreatedAt, long DatabaseBytes, int EvidenceFiles);
