// Boost.JSON is used header-only: its implementation is compiled here, once,
// with our flags, so static Lambda bootstraps need no Boost library to link.
#include <boost/json/src.hpp>
