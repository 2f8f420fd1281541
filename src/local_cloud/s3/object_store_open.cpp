// Store::Open: rebuilding the index from the documents, and removing what
// writers killed mid-change left behind.
#include <set>

#include "local_cloud/s3/object_store.hpp"

namespace sparta::local_cloud::s3 {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Removes every blob under `dir` that no document references.
Status RemoveUnreferencedBlobs(StateStore& state, const std::string& dir,
                               const std::set<std::string>& referenced) {
  auto names = state.List(dir);
  if (!names) return names.error();
  for (const std::string& name : *names) {
    std::string key = dir;
    key += "/";
    key += name;
    if (referenced.count(key) == 0) {
      if (auto removed = state.Remove(key); !removed) return removed;
    }
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(StateStore& state) {
  std::unique_ptr<Store> store(new Store(state));
  auto dirs = state.List("s3");
  if (!dirs) return dirs.error();
  for (const std::string& dir_name : *dirs) {
    if (auto loaded = store->LoadBucket(dir_name); !loaded) return loaded.error();
  }
  return store;
}

Status Store::LoadBucket(const std::string& dir_name) {
  std::string dir = "s3/";
  dir += dir_name;
  auto document = state_.GetDocument(dir + "/bucket.json");
  if (!document) return document.error();
  std::optional<BucketRecord> bucket;
  if (document->has_value()) bucket = BucketFromJson(**document);
  if (!bucket || BucketDir(bucket->info.name) != dir) {
    // A bucket deleted mid-way, or a write that raced its deletion.
    return state_.Remove(dir);
  }
  std::set<std::string> referenced;
  std::string objects_dir = dir + "/objects";
  auto names = state_.List(objects_dir);
  if (!names) return names.error();
  for (const std::string& name : *names) {
    std::string key = objects_dir;
    key += "/";
    key += name;
    auto object_document = state_.GetDocument(key);
    if (!object_document) return object_document.error();
    std::optional<ObjectRecord> object;
    if (object_document->has_value()) object = ObjectFromJson(**object_document);
    if (!object || !EndsWith(name, ".json") ||
        ObjectDocKey(bucket->info.name, object->key) != key) {
      return MakeError("Corrupt", "the S3 object document " + state_.PathOf(key).string() +
                                      " is not one this version wrote; move it out of the data "
                                      "directory and restart");
    }
    referenced.insert(object->blob);
    std::string object_key = object->key;
    bucket->objects.emplace(std::move(object_key), std::move(*object));
  }
  if (auto cleaned = RemoveUnreferencedBlobs(state_, dir + "/blobs", referenced); !cleaned) {
    return cleaned;
  }
  if (auto uploads = LoadUploads(*bucket, dir); !uploads) return uploads;
  std::string name = bucket->info.name;
  buckets_.emplace(std::move(name), std::move(*bucket));
  return {};
}

Status Store::LoadUploads(BucketRecord& bucket, const std::string& dir) {
  std::string uploads_dir = dir + "/uploads";
  auto ids = state_.List(uploads_dir);
  if (!ids) return ids.error();
  for (const std::string& id_name : *ids) {
    std::string upload_dir = uploads_dir;
    upload_dir += "/";
    upload_dir += id_name;
    auto document = state_.GetDocument(upload_dir + "/upload.json");
    if (!document) return document.error();
    std::optional<UploadRecord> upload;
    if (document->has_value()) upload = UploadFromJson(**document);
    if (!upload || UploadDir(bucket.info.name, upload->id) != upload_dir) {
      // Aborted or completed mid-way: the upload document went first.
      if (auto removed = state_.Remove(upload_dir); !removed) return removed;
      continue;
    }
    std::set<std::string> referenced;
    auto names = state_.List(upload_dir);
    if (!names) return names.error();
    for (const std::string& name : *names) {
      if (name.rfind("part-", 0) != 0 || !EndsWith(name, ".json")) continue;
      std::string key = upload_dir;
      key += "/";
      key += name;
      auto part_document = state_.GetDocument(key);
      if (!part_document) return part_document.error();
      std::optional<PartRecord> part;
      if (part_document->has_value()) part = PartFromJson(**part_document);
      if (!part) {
        return MakeError("Corrupt", "the S3 part document " + state_.PathOf(key).string() +
                                        " is not one this version wrote; move it out of the "
                                        "data directory and restart");
      }
      referenced.insert(part->blob);
      upload->parts[part->number] = std::move(*part);
    }
    if (auto cleaned = RemoveUnreferencedBlobs(state_, upload_dir + "/blobs", referenced);
        !cleaned) {
      return cleaned;
    }
    std::string id = upload->id;
    bucket.uploads.emplace(std::move(id), std::move(*upload));
  }
  return {};
}

}  // namespace sparta::local_cloud::s3
