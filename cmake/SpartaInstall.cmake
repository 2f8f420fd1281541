# `cmake --install` lays out a CMake package: find_package(Sparta) then gives
# the Sparta:: targets and sparta_add_service().
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(SPARTA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Sparta)
get_property(sparta_libraries GLOBAL PROPERTY SPARTA_LIBRARIES)
install(TARGETS ${sparta_libraries} EXPORT SpartaTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT SpartaTargets NAMESPACE Sparta:: DESTINATION ${SPARTA_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/SpartaConfig.cmake.in
  ${PROJECT_BINARY_DIR}/SpartaConfig.cmake INSTALL_DESTINATION ${SPARTA_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/SpartaConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/SpartaConfig.cmake ${PROJECT_BINARY_DIR}/SpartaConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/SpartaService.cmake
        DESTINATION ${SPARTA_CMAKE_DIR})
