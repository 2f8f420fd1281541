# Sparta C++ — the two README commands (`make demo`, `make test`) do all set-up:
# install missing Debian packages, configure, build, then run.
BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test bench asan resources iam-actions service-models clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSPARTA_WERROR=ON $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	./scripts/demo.sh $(BUILD_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: build
	./scripts/bench.sh $(BUILD_DIR)

# The sanitizer preset: the whole suite under ASan+UBSan.
asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Regenerates include/sparta/resources/*.hpp from the CloudFormation resource
# schemas of the installed official cfn-lint (see include/sparta/resources/SOURCE.md).
resources:
	./scripts/generate_resources.py

# Regenerates src/service/generated/iam_actions_data.cpp, the IAM actions that
# `build` checks privileges against, from the installed official cfn-lint.
iam-actions:
	./scripts/generate_iam_actions.py

# Regenerates src/local_cloud/protocol/models/*_model.cpp, the AWS service
# models sparta-local's protocol engine reads, from the installed botocore.
service-models:
	./scripts/generate_service_models.py

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
