// Owning types for libcurl allocations (easy, multi and URL handles, header lists, strings
// curl returns), so that no path, exceptions included, leaks or frees one twice.
//
// Ordering is the owner's job: curl wants an easy handle removed from its multi handle before
// curl_easy_cleanup, and the multi handle cleaned up after its easy handles (see
// curl_multi_cleanup(3)); a list set with CURLOPT_HTTPHEADER or CURLOPT_RESOLVE must outlive
// the transfers that use it.
#ifndef PRESSOIR_CRAWLER_CURL_HANDLES_H_
#define PRESSOIR_CRAWLER_CURL_HANDLES_H_

#include <curl/curl.h>

#include <memory>

namespace pressoir::curl {

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

struct MultiDeleter {
  // curl_multi_cleanup's result is dropped: a destructor can do nothing about it, and it
  // fails only for a handle that is not a multi handle or when called from a curl callback.
  void operator()(CURLM* multi) const noexcept { curl_multi_cleanup(multi); }
};
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;

struct UrlDeleter {
  void operator()(CURLU* url) const noexcept { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// A string allocated by curl (curl_url_get, curl_easy_escape, ...): released with curl_free.
struct StringDeleter {
  void operator()(char* text) const noexcept { curl_free(text); }
};
using String = std::unique_ptr<char, StringDeleter>;

// A curl_slist, freed with curl_slist_free_all.
class SList {
 public:
  SList() = default;

  // Appends a copy of `text`. false when curl cannot allocate: the list is then unchanged
  // (curl_slist_append returns NULL and leaves the old list alone, so assigning its result
  // directly would leak the list and drop the entry).
  [[nodiscard]] bool Append(const char* text) {
    curl_slist* head = curl_slist_append(list_.get(), text);
    if (head == nullptr) return false;
    static_cast<void>(list_.release());  // `head` is the same list, now one entry longer
    list_.reset(head);
    return true;
  }

  // Not owned by the caller; valid until this list is destroyed. nullptr when empty.
  curl_slist* get() const { return list_.get(); }
  bool empty() const { return list_ == nullptr; }

 private:
  struct Deleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
  };
  std::unique_ptr<curl_slist, Deleter> list_;
};

}  // namespace pressoir::curl

#endif  // PRESSOIR_CRAWLER_CURL_HANDLES_H_
